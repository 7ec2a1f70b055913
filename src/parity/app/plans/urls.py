from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("my-actions/", views.mine, name="mine"),
    path("import/", views.import_plan, name="import"),
    path("<slug:slug>/", views.plan_detail, name="plan"),
    path("<slug:slug>/publish/", views.publish_progress, name="publish_progress"),
    path("publications/<int:pk>/withdraw/", views.withdraw_progress, name="withdraw_progress"),
    path("<slug:slug>/planning-steps/", views.planning_step, name="planning_step"),
    path("<slug:slug>/objectives/<str:number>/", views.objective_detail, name="objective"),
    path("<slug:slug>/actions/<int:number>/", views.action_detail, name="action"),
    path("<slug:slug>/actions/<int:number>/updates/", views.add_update, name="add_update"),
    path("<slug:slug>/actions/<int:number>/updates/<int:update_id>/correct/", views.edit_update, name="edit_update"),
    path("<slug:slug>/actions/<int:number>/updates/<int:update_id>/respond/", views.respond, name="respond"),
    path("<slug:slug>/actions/<int:number>/rag/", views.override_rag, name="override_rag"),
    path("<slug:slug>/actions/<int:number>/edit/", views.edit_action, name="edit_action"),
]
